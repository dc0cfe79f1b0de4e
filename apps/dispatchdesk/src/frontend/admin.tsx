/** Entry point of the DispatchDesk admin page (UI Kit). */
import ForgeReconciler from '@forge/react';
import { AdminApp } from './admin/app';

ForgeReconciler.render(<AdminApp />);
