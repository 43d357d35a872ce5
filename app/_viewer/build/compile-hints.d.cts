/** See compile-hints.cjs: a webpack plugin that marks scripts for eager compilation. */
export declare class CompileHints {
  constructor(o: { imports: RegExp; workers: RegExp });
  apply(compiler: unknown): void;
}
export declare const HINT: string;
