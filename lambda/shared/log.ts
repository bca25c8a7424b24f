/**
 * The handler's only way to log. It takes named, non-secret fields: never an event, resource
 * properties (the app catalog's launch parameters may hold secrets) or a presigned URL.
 */
export interface LogFields {
  readonly requestType?: string;
  readonly resourceType?: string;
  readonly logicalResourceId?: string;
  readonly imageName?: string;
  readonly state?: string;
  readonly error?: string;
  readonly attempt?: number;
  readonly changed?: string[];
}

export function log(message: string, fields: LogFields = {}): void {
  console.log(JSON.stringify({ message, ...fields }));
}
