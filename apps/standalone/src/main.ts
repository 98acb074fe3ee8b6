// First, before anything loads http, pg or kafkajs: their tracing instrumentations hook `require` (see the file).
import '@perheverkko/observability/instrument';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { bootstrapService } from '@perheverkko/platform';
import { PlatformConfig } from '@perheverkko/runtime';
import { SURFACE, StandaloneModule } from './standalone.module';
import { consoleDirOf, consoleIsBuilt } from './console/console-site';
import { startBanner, startFactsOf } from './start-banner';

void bootstrapService(StandaloneModule, SURFACE).then(({ app, url }) => {
  const config = app.get(PlatformConfig);
  const built = consoleIsBuilt(consoleDirOf(config));
  // JSON logs stay one object per line; a terminal gets the banner.
  if (process.env.LOG_FORMAT === 'json')
    new Logger('Perheverkko').log(`Console: ${url}/${built ? '' : ' (not built yet: npm run console:build)'}`);
  else console.log(startBanner(startFactsOf(config, url, built)));
});
