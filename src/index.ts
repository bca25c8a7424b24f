export * from './agent-software-version';
export * from './application-config';
export * from './image-copy-options';
export * from './image-source';
export * from './imported-image';
export * from './imported-image-props';
export * from './image-share';
export * from './provider-options';
