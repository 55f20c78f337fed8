/** Problem details live with the shared building blocks; the HTTP edge keeps this import path. */
export * from '../shared/problem';
