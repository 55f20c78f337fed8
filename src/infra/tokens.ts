/** Injection tokens for the ports the shell wires. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const CLOCK = Symbol('CLOCK');
export const LOGGER = Symbol('LOGGER');

/** The service's clock; injected so demos and tests can record history at chosen times. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
