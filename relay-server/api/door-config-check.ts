// A door config is checked at the API boundary, after its JSON Schema and before it is
// stored: a config the door could not enforce is refused with 400 and every reason, so an
// endpoint is never left guarding with a check that cannot work. The checks are the door's
// own: the signature's config problems, the allowlist as the door parses it, and the payload
// schema as the door compiles it (size and depth bounds, meta-schema, patterns, ajv).
import { describeDoorConfigProblems } from '../../protocol/door-config-problems.js';
import type { DoorConfig } from '../../protocol/endpoint-door.js';
import { compileAllowlist, IpListError } from '../door/ip-allowlist.js';
import { compilePayloadSchema, PayloadSchemaError } from '../door/payload-schema.js';
import { HttpError } from '../http/json-response.js';

/** Every reason `door` cannot be enforced; empty when it can. */
export function doorConfigErrors(door: DoorConfig): string[] {
  const { errors } = describeDoorConfigProblems(door);
  if (door.allow) {
    try {
      compileAllowlist(door.allow);
    } catch (err) {
      if (!(err instanceof IpListError)) throw err;
      errors.push(err.message);
    }
  }
  if (door.schema) {
    try {
      compilePayloadSchema(door.schema.schema);
    } catch (err) {
      if (!(err instanceof PayloadSchemaError)) throw err;
      errors.push(err.message);
    }
  }
  return errors;
}

/** Throws 400 `invalid_door_config` naming every problem (in `details.problems` too). */
export function assertDoorConfig(door: DoorConfig): void {
  const errors = doorConfigErrors(door);
  if (errors.length > 0) {
    throw new HttpError(400, 'invalid_door_config', `the door config cannot be enforced: ${errors.join('; ')}`, {
      problems: errors,
    });
  }
}
