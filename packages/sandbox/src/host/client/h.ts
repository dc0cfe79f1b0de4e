import { createElement, Fragment, type ReactNode } from 'react';

/** `createElement` under a short name: the host's browser code is plain .ts (the package tsconfig has no JSX). */
export const h = createElement;
export const frag = (...children: ReactNode[]) => createElement(Fragment, null, ...children);
