export * from './dashboard.module';
export * from './projections/partner-dashboard.projection';
export * from './application/dashboard.queries';
