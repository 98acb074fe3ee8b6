export { ReportingModule } from './lib/reporting.module';
