-- relationship-service schema, version 5: a manager's follow-up tasks in list order.
-- ListTasks without a status filter reads WHERE manager_id = ? ORDER BY due_date, task_id; the
-- (manager_id, status, due_date, task_id) index cannot give that order, so every call sorted all
-- of the manager's tasks (the soak saw ListTasks p50 go from 1.7 ms to 36 ms as one manager
-- reached 38 000 tasks). This index reads the page straight off in order.
CREATE INDEX ix_follow_up_tasks_manager_due
  ON follow_up_tasks (manager_id, due_date, task_id);
