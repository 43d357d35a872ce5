/**
 * Marks the scripts a page runs as it loads for eager compilation, with V8's explicit compile hint:
 * a first line `//# allFunctionsCalledOnLoad` (Chromium 136 and later; to other engines a comment).
 * Marked: every page's own scripts (webpack's entry points) and the chunks of the dynamic imports
 * named (the viewer's: cornerstone, vtk.js and dcmjs run nearly whole when imported). Other dynamic
 * imports (the models' runtime, say) stay lazy, and so do the scripts of the workers named.
 *
 * Why: V8 compiles a function the first time it runs, on the main thread, and the browser's code
 * cache keeps only what was compiled when the script itself ran. Without the hint, a case opened in
 * a new tab compiled its module functions again every time, before the first image. Marked, they are
 * compiled with the script, off the main thread, and kept in the code cache.
 *
 * The comment goes in after minification (which would strip it) and before the content hashes.
 */
const NAME = 'CompileHints';
const HINT = '//# allFunctionsCalledOnLoad\n';

class CompileHints {
  /**
   * @param {{ imports: RegExp, workers: RegExp }} o `imports` matches the requests of the dynamic imports
   * to mark (e.g. /_viewer\/viewer$/); `workers`, the files of the modules that start workers with the page.
   */
  constructor({ imports, workers }) {
    this.imports = imports;
    this.workers = workers;
  }

  apply(compiler) {
    const { Compilation, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(NAME, (compilation) => {
      compilation.hooks.processAssets.tap({ name: NAME, stage: Compilation.PROCESS_ASSETS_STAGE_OPTIMIZE_SIZE + 1 }, () => {
        const imported = compilation.chunkGroups.filter((g) => g.origins.some((o) => o.request && this.imports.test(o.request)));
        // A renamed module would otherwise quietly lose the hint.
        if (!imported.length) throw new Error(`${NAME}: no dynamic import matches ${this.imports}; revisit next.config.ts`);
        const files = new Set();
        for (const group of [...compilation.entrypoints.values(), ...imported]) {
          for (const chunk of group.chunks) for (const file of chunk.files) if (file.endsWith('.js')) files.add(file);
        }
        // Not the scripts of the workers that start with the page (the image decoders; their codecs are
        // shared with it): a worker keeps no code cache, so marked, they were compiled whole at every start.
        const starting = compilation.asyncEntrypoints.filter((w) => w.origins.some((o) => o.module?.resource && this.workers.test(o.module.resource)));
        if (!starting.length) throw new Error(`${NAME}: no worker is started by a module matching ${this.workers}; revisit next.config.ts`);
        for (const worker of starting) for (const chunk of worker.chunks) for (const file of chunk.files) files.delete(file);
        for (const file of files) compilation.updateAsset(file, (source) => new sources.ConcatSource(HINT, source));
      });
    });
  }
}

module.exports = { CompileHints, HINT };
