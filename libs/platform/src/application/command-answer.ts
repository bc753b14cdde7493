import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * What every command answers (SPEC section 9): the subject's id, its state where it has one, and
 * the stream revision and global position written, as decimal strings (bigint-safe in JSON).
 */
export class CommandAnswer {
  @ApiProperty({ example: 'vn-ent-saoviet' }) id!: string;
  @ApiPropertyOptional({ example: 'pending_approval' }) state?: string;
  @ApiProperty({ example: '0', description: 'revision of the subject stream after the command, decimal string' }) revision!: string;
  @ApiProperty({ example: '48234496', description: 'global log position written; pass as minPosition to read your write' }) position!: string;
}

/** Builds a {@link CommandAnswer} from a stream's revision and position. */
export function commandAnswer(id: string, result: { revision: bigint; position: bigint }, state?: string): CommandAnswer {
  return { id, ...(state !== undefined ? { state } : {}), revision: result.revision.toString(), position: result.position.toString() };
}
