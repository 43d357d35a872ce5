import path from 'node:path';
import type { NextConfig } from 'next';
import { SECURITY_HEADERS } from './server/lib/security-headers';
import { CompileHints } from './app/_viewer/build/compile-hints.cjs';

// The server decodes compressed frames for thumbnails (server/imaging/decode-frame.ts) with Node loading these itself.
const CODECS = ['@cornerstonejs/codec-openjpeg', '@cornerstonejs/codec-openjph', '@cornerstonejs/codec-charls', '@cornerstonejs/codec-libjpeg-turbo-8bit', '@cornerstonejs/jpeg-lossless-decoder-js'];

const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm run lint` type-checks the whole repository; the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // yjs stays one module instance in the server process (the collaboration server loads it too).
  serverExternalPackages: ['pg', '@prisma/adapter-pg', '@electric-sql/pglite', '@electric-sql/pglite-socket', 'yjs', 'onnxruntime-web', ...CODECS],
  async headers() {
    return [{ source: '/:path*', headers: [...SECURITY_HEADERS] }];
  },
  webpack(webpackConfig: { resolve: { fallback?: Record<string, false | string>; alias?: Record<string, false | string> }; module: { rules: unknown[] }; plugins: unknown[] }, { isServer, dev }: { isServer: boolean; dev: boolean }) {
    if (!isServer) {
      // cornerstone's codecs mention node modules they never use in the browser.
      webpackConfig.resolve.fallback = { ...webpackConfig.resolve.fallback, fs: false, path: false };
      // cornerstone's mesh cache imports vtk.js's XML reader, which brings xmlbuilder2 and a whole
      // DOM implementation into the viewer's code, parsed before every first image; Concord loads no VTK XML.
      webpackConfig.resolve.alias = { ...webpackConfig.resolve.alias, xmlbuilder2: false };
      webpackConfig.module.rules.push({ test: /[\\/]node_modules[\\/]dcmjs[\\/]build[\\/]dcmjs\.es\.js$/, use: [path.resolve('app/_viewer/build/dcmjs-for-the-browser.cjs')] });
      // Every page's own scripts and the viewer's are compiled as they load and kept in the browser's code cache; not the image decoders' (see the plugin).
      if (!dev) webpackConfig.plugins.push(new CompileHints({ imports: /^@\/app\/_viewer\/viewer$/, workers: /[\\/]@cornerstonejs[\\/]dicom-image-loader[\\/]/ }));
    }
    return webpackConfig;
  },
  // Next refuses a config with only `webpack`; `next dev` uses Turbopack.
  turbopack: {},
};

export default config;
