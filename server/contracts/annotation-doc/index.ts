export * from './schema';
export * from './doc';
export * from './runs';
export * from './migrate';
export * from './validate';
export * from './saved';
