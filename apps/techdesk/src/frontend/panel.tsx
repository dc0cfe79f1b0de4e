/** Entry point of the `techdesk-panel` issue panel (UI Kit). */
import ForgeReconciler from '@forge/react';
import { PanelApp } from './panel/app';

ForgeReconciler.render(<PanelApp />);
