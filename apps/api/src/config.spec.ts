import { loadConfig } from './config';

describe(loadConfig.name, () => {
  it('defaults to the embedded store, port 3000, ./data and the vngcloud program', () => {
    expect(loadConfig({})).toMatchObject({ port: 3000, dataDir: './data', eventStore: 'embedded', program: 'vngcloud', bodyLimitBytes: 1048576 });
  });

  it.each([
    [{ EVENT_STORE: 'mysql' }, 'EVENT_STORE'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PROGRAM: 'aws' }, 'PROGRAM'],
    [{ EVENT_STORE: 'postgres' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
  ])('stops on bad configuration %j, naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(variable);
  });
});
