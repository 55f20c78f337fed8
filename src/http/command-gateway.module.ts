/**
 * The one CommandGateway of the service: every module whose controllers record commands
 * imports this module, so they share one instance (and its Idempotency-Key and
 * read-your-writes handling) instead of each providing its own.
 */
import { Module } from '@nestjs/common';
import { CommandGateway } from './command-gateway';

@Module({
  providers: [CommandGateway],
  exports: [CommandGateway],
})
export class CommandGatewayModule {}
