// Jest setup: the AWS SDK's Node-version notice would print once per test worker and per child process; trailwise
// supports Node 20 and its CLI silences the notice too (src/cli/main.ts).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
