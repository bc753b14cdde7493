export * from './projection';
export * from './read-db';
export * from './projection-runner';
export * from './projection-rebuilder';
export * from './leadership';
export * from './held-back-writes';
