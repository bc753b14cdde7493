export * from './partners.module';
export * from './domain/partner.events';
export * from './domain/partner.decider';
export * from './domain/business-licence';
export * from './domain/brand-conflict';
export * from './projections/partners.projection';
export { PartnerIdParam, ReadQueryDto } from './api/partner.dto';
export * from './application/partner-directory';
export * from './application/customer-links.port';
