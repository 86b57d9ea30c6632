import type { GpuWeekReport } from '../../../electron/shared/gpu';

const stateLabel = {
  awake: 'All awake',
  'some-asleep': 'Some asleep',
  asleep: 'All asleep',
} as const;

const hours = (minutes: number) =>
  minutes < 60 ? `${minutes} min` : `${(minutes / 60).toFixed(1)} h`;

/**
 * The week's power and memory by the local models' lifecycle (from the live readings, a summary
 * a minute), and the watt-hours sleeping saved against the all-awake mean.
 */
export const LifecycleEnergy = ({
  energy,
}: {
  energy: NonNullable<GpuWeekReport['lifecycle']>;
}) => {
  const seen = energy.byState.filter((s) => s.minutes > 0);
  if (seen.length === 0) return null;
  return (
    <div data-testid="lifecycle-energy">
      <h3>Power by model lifecycle</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Models</th>
            <th scope="col">Time</th>
            <th scope="col">Mean power</th>
            <th scope="col">Mean memory</th>
          </tr>
        </thead>
        <tbody>
          {seen.map((s) => (
            <tr key={s.state}>
              <td>{stateLabel[s.state]}</td>
              <td>{hours(s.minutes)}</td>
              <td>{s.meanPowerW === null ? '—' : `${s.meanPowerW} W`}</td>
              <td>
                {s.meanMemoryMiB === null ? '—' : `${(s.meanMemoryMiB / 1024).toFixed(1)} GiB`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p data-testid="lifecycle-saved">
        {energy.savedWh === null
          ? 'Sleeping saved: not known yet (it needs time both with every model awake and with one asleep).'
          : `Sleeping saved ${energy.savedWh} Wh this week, against every model awake.`}
      </p>
    </div>
  );
};
