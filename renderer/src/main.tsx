// Entry: connect to the engine (Electron preload or loopback WebSocket), then render.
// After a dropped connection comes back, the whole UI remounts and reloads its state.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiContext } from './api/api-context.js';
import { connectApi } from './api/connect-api.js';
import { type ConnectionState, errorMessage, type PortholeApi } from './api/porthole-api.js';
import { App } from './app/App.js';
import './theme/theme.css';
import './app/app.css';

function Root({ api }: { api: PortholeApi }) {
  const [connection, setConnection] = useState<ConnectionState>(api.connection);
  const [session, setSession] = useState(0);
  useEffect(
    () =>
      api.onConnection((state) => {
        setConnection(state);
        if (state === 'open') setSession((n) => n + 1);
      }),
    [api],
  );
  return (
    <ApiContext.Provider value={api}>
      {connection !== 'open' ? (
        <p className="connection-banner" role="alert">
          {connection === 'reconnecting' ? 'Lost the engine; reconnecting…' : 'Disconnected from the engine.'}
        </p>
      ) : null}
      <App key={session} />
    </ApiContext.Provider>
  );
}

function Failure({ message }: { message: string }) {
  return (
    <div className="app failure" data-testid="app" data-ready="false">
      <h1>Porthole could not reach its engine</h1>
      <p>{message}</p>
    </div>
  );
}

const root = createRoot(document.getElementById('root')!);
connectApi().then(
  (api) =>
    root.render(
      <StrictMode>
        <Root api={api} />
      </StrictMode>,
    ),
  (err) => root.render(<Failure message={errorMessage(err)} />),
);
