export { ReportingModule } from './lib/reporting.module';
export { reportingProjections, ANNUAL_REPORT, REPORT_RECORDS } from './lib/projections/reporting.projection';
export { caseHistory, historyAsText, type CaseHistory } from './lib/audit/case-history';
