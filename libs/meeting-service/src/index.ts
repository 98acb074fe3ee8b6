export { MeetingModule } from './lib/meeting.module';
