/** The problems loadConfig finds in an environment: none when it loads. */
import { ConfigError, loadConfig } from '../../../src/config/config';

export const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};
