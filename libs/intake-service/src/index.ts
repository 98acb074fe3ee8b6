export { IntakeModule } from './lib/intake.module';
