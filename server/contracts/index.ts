export * from './auth';
export * from './org';
export * from './label-schema';
export * from './project';
