package jp.renkei.server.support;

/** JSON bodies of commands, as a client would write them. */
public final class Notes {

    private Notes() {
    }

    public static String post(String roomId, String txnId, String text) {
        return "{\"roomId\":\"" + roomId + "\",\"txnId\":\"" + txnId + "\",\"note\":{\"kind\":\"free\",\"text\":"
                + ApiClient.JSON.writeValueAsString(text) + ",\"urgent\":false}}";
    }

    public static String visit(String roomId, String txnId) {
        return "{\"roomId\":\"" + roomId + "\",\"txnId\":\"" + txnId + "\",\"note\":{\"kind\":\"visit\",\"urgent\":true,"
                + "\"visit\":{\"vitals\":{\"temperature\":37.4,\"systolic\":152,\"diastolic\":90,\"pulse\":104,"
                + "\"spo2\":91,\"respiratoryRate\":24},\"changes\":\"起座呼吸あり\",\"nextCheck\":\"体重測定\"}}}";
    }
}
