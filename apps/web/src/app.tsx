import { TokenBox } from './components/token-box';
import { ComparePage } from './pages/compare-page';
import { DatasetsPage } from './pages/datasets-page';
import { ModelsPage } from './pages/models-page';
import { RunPage } from './pages/run-page';
import { RunsPage } from './pages/runs-page';
import { href, useRoute, type Route } from './router';

const SECTIONS = [
  { name: 'runs', label: 'Runs' },
  { name: 'compare', label: 'Compare' },
  { name: 'models', label: 'Models' },
  { name: 'datasets', label: 'Datasets' },
] as const;

export function App() {
  const route = useRoute();
  const section = route.segments[0] ?? 'runs';
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        Skip to content
      </a>
      <header class="top">
        <span class="brand">ALKDRec</span>
        <nav aria-label="Sections">
          {SECTIONS.map((s) => (
            <a key={s.name} href={href(s.name)} aria-current={section === s.name ? 'page' : undefined}>
              {s.label}
            </a>
          ))}
          <a href="/docs">API docs</a>
        </nav>
        <TokenBox />
      </header>
      <main id="main" tabIndex={-1}>
        <Page route={route} />
      </main>
    </>
  );
}

function Page({ route }: { route: Route }) {
  const [section = 'runs', id] = route.segments;
  if (section === 'runs' && id) return <RunPage runId={id} />;
  if (section === 'compare') return <ComparePage params={route.params} />;
  if (section === 'models') return <ModelsPage params={route.params} />;
  if (section === 'datasets') return <DatasetsPage />;
  return <RunsPage params={route.params} />;
}
