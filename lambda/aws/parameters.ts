/** SSM String parameters in a given Region: where a copy publishes its ARN for the fleets of its Region. */
import { ssmClient, ssmModule } from './clients';
import { withRetries } from './retry';
import { errorName } from '../shared/errors';

export async function putParameter(region: string, name: string, value: string, description?: string): Promise<void> {
  const { PutParameterCommand } = ssmModule();
  await withRetries(() => ssmClient(region).send(new PutParameterCommand({
    Name: name, Value: value, Type: 'String', Overwrite: true, Description: description,
  })), { what: 'PutParameter', maxElapsedMs: 60_000 });
}

/** Deletes the parameter; one that is gone counts as deleted. */
export async function deleteParameter(region: string, name: string): Promise<void> {
  const { DeleteParameterCommand } = ssmModule();
  try {
    await withRetries(() => ssmClient(region).send(new DeleteParameterCommand({ Name: name })),
      { what: 'DeleteParameter', maxElapsedMs: 60_000 });
  } catch (error) {
    if (errorName(error) !== 'ParameterNotFound') throw error;
  }
}
