DROP TABLE action_log;
DROP TABLE outbox;
DROP TABLE auth_throttle;
DROP TABLE api_tokens;
DROP TABLE user_tokens;
DROP TABLE sessions;
DROP TABLE users;
