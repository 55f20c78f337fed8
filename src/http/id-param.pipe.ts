/**
 * A path id (`@Param('fundId', IdParam)`): a client-chosen id (kebab or uuid) or a 400
 * problem naming the parameter, before the handler runs, so no handler parses ids by hand.
 */
import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { parseIdParam } from '../shared/params';

@Injectable()
export class IdParam implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    return parseIdParam(metadata.data ?? 'id', value);
  }
}
