export { ReportingModule } from './lib/reporting.module';
export { reportingProjections } from './lib/projections/reporting.projection';
export { caseHistory } from './lib/audit/case-history';
