// Initiates replica set rs0 of the three members of deploy/compose.yaml, once.
// Run by the one-shot mongo-init service; when the set already exists it only prints its state.
try {
  const status = rs.status();
  print(`replica set ${status.set} already initiated (${status.members.length} members)`);
} catch (e) {
  if (e.codeName !== 'NotYetInitialized') {
    throw e;
  }
  rs.initiate({
    _id: 'rs0',
    members: [
      { _id: 0, host: 'mongo1:27017' },
      { _id: 1, host: 'mongo2:27017' },
      { _id: 2, host: 'mongo3:27017' },
    ],
  });
  print('replica set rs0 initiated');
}
