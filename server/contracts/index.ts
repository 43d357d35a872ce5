export * from './auth';
export * from './org';
export * from './label-schema';
export * from './project';
export * from './invitation';
export * from './ingest';
