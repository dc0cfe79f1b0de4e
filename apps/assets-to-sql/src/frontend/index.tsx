/** Entry point of the `assets-to-sql-admin` admin page (UI Kit). */
import ForgeReconciler from '@forge/react';
import { AdminApp } from './app';

ForgeReconciler.render(<AdminApp />);
