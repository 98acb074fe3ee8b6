import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';

/** The web console's static files and settings, for the embedded default only. */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
