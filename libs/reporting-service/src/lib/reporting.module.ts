import { Module } from '@nestjs/common';

/**
 * Reporting: annual report, adoption stage, case timelines (projections only).
 * It owns no event streams: its read models are projections of the other services' published events.
 */
@Module({})
export class ReportingModule {}
