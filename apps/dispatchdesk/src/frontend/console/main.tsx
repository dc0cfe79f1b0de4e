/// <reference lib="dom" />
/** Entry point of the DispatchDesk console (Custom UI), bundled by Vite into static/console/dist. */
import 'leaflet/dist/leaflet.css';
import './console.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleApp } from './App';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ConsoleApp />
    </StrictMode>,
  );
}
