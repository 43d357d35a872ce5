/** `npm run build`: builds the production bundle if it is missing or stale (what `npm start` does first). */
import { ensureBuild } from './build';

ensureBuild(process.cwd(), (msg) => console.log(msg)).then(
  () => console.log('production bundle is current'),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
