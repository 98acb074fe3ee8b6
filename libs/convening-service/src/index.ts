export { ConveningModule } from './lib/convening.module';
