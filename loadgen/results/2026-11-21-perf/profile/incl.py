import re,collections,sys
txt=open(sys.argv[1]).read()
samples=txt.split('jdk.ExecutionSample')[1:]
keys=['NoteService.post','RoomLogs.append','RoomLog.append','EventRepository.insert','ContentCipher','Projections.apply','NoteStateRepository','advanceHeadAndReadMarkerDerived','RoomRepository.advanceHead(','RoomRepository.advanceReadMarkerDerived','advanceReadMarkerDerived','RoomCache.refresh','findTxn','LiveDelivery.onEvent','LiveDelivery.deliver','stillAllowed','auditDelivery','AuditTrail.append','AuditChain','notifyInboxes','FrameSender.send','EventViews.toWireBytes','AuditTrail.record','CommandController','StompSubProtocolHandler.handleMessageFromClient','StompSubProtocolHandler.handleMessageToClient','com.mongodb','LiveAuditListener','AuditTrail.flush']
c=collections.Counter(); n=0; tot=0
for s in samples:
    t=re.search(r'sampledThread = "([^"]*)"',s).group(1)
    frames=re.findall(r'^\s+([\w.$<>]+)\(',s,re.M)
    st='\n'.join(frames)
    if any(k in st for k in ['LoginController','Argon2','HandshakeWebSocketService','SessionController','LiveInboundInterceptor']) or t=='main': continue
    tot+=1
    for k in keys:
        if k in st: c[k]+=1
print("non-login samples (all threads):",tot)
for k in keys: print(f"{c[k]*100/tot:5.1f}% {k}")
