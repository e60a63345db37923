import { ApiError } from '../api/client';

/** An error as the api explained it: the detail, then each field (with its file line when it has one). */
export function ProblemView({ error, title }: { error: Error | undefined; title?: string }) {
  if (!error) return null;
  const errors = error instanceof ApiError ? (error.problem?.errors ?? []) : [];
  return (
    <div class="problem" role="alert">
      <strong>{title ?? (error instanceof ApiError ? `${error.status} ${error.problem?.title ?? ''}` : 'Error')}</strong>
      <p>{error.message}</p>
      {errors.length > 0 && (
        <table class="errors">
          <caption>What was refused</caption>
          <thead>
            <tr>
              <th scope="col">field</th>
              <th scope="col">line</th>
              <th scope="col">message</th>
            </tr>
          </thead>
          <tbody>
            {errors.map((e) => (
              <tr key={`${e.field}:${e.line ?? ''}`}>
                <td><code>{e.field}</code></td>
                <td>{e.line ?? '—'}</td>
                <td>{e.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The message of one field, under its input. */
export function FieldMessage({ id, message }: { id: string; message: string | undefined }) {
  return message ? (
    <p class="field-error" id={id} role="alert">
      {message}
    </p>
  ) : null;
}
