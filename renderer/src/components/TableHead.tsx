/** A table's header row; `actions` adds the column of buttons, named for screen readers only. */
export const TableHead = ({
  columns,
  actions = false,
}: {
  columns: readonly string[];
  actions?: boolean;
}) => (
  <thead>
    <tr>
      {columns.map((c) => (
        <th key={c}>{c}</th>
      ))}
      {actions && (
        <th>
          <span className="visually-hidden">Actions</span>
        </th>
      )}
    </tr>
  </thead>
);
