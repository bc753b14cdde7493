export * from './program-preset';
export * from './presets';
export * from './business-calendar';
