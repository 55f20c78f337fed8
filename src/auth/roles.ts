/** The roles live with the shared building blocks (configuration needs them too); this path stays. */
export * from '../shared/roles';
