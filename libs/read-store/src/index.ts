export * from './projection';
export * from './projection-runner';
export * from './projection-rebuilder';
export * from './leadership';
