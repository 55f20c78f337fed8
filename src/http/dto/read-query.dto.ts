/**
 * The query of every GET of ledger state: which moment to read (`asOf` or `asOfPosition`) or
 * which write to wait for (`minPosition`). Checked by the validation pipe into the same 400
 * problem, with the same messages, as the read models' own parsers (which still resolve the
 * moment, and refuse asOf with asOfPosition: they also serve callers that are not HTTP).
 */
import {
  AS_OF_DESCRIPTION,
  AS_OF_POSITION_DESCRIPTION,
  MIN_POSITION_DESCRIPTION,
} from '../../reports/read-docs';
import { QueryMoment, QueryPosition } from './query-fields';

export class ReadQueryDto {
  @QueryMoment(AS_OF_DESCRIPTION)
  readonly asOf?: string;

  @QueryPosition(AS_OF_POSITION_DESCRIPTION)
  readonly asOfPosition?: string;

  @QueryPosition(MIN_POSITION_DESCRIPTION)
  readonly minPosition?: string;
}
