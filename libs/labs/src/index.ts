export * from './lab.js';
export * from './catalogue.js';
export * from './pages/render-page.js';
