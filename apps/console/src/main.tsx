import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { ConfigProvider, SignInProvider } from './auth/session';
import { loadConfig } from './config';
import { startI18n } from './i18n/i18n';
import './styles.css';

async function start() {
  const [config] = await Promise.all([loadConfig(), startI18n()]);
  createRoot(document.getElementById('root') as HTMLElement).render(
    <StrictMode>
      <ConfigProvider value={config}>
        <SignInProvider config={config}>
          <App />
        </SignInProvider>
      </ConfigProvider>
    </StrictMode>,
  );
}

start().catch((error: unknown) => {
  const root = document.getElementById('root') as HTMLElement;
  root.textContent = `Perheverkko could not start: ${(error as Error).message}`;
});
