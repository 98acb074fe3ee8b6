// Test helpers: start services as separate processes (end-to-end specs).
export { ServiceProcess, freePort } from './testing/service-process';
export { serveWithDemoUsers, type ResponseBody } from './testing/api-client';
