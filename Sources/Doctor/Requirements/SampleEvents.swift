import AMIProtocol
import Adapters
import RuleDSL

/// Events made up to test a user's eventfilter against: for each needed event, one on a SIP channel and one on a
/// Local channel (filters often treat those differently), with every field the catalog lists and the needed
/// header value.
enum SampleEvents {
    static func samples(for need: AMIEventNeed) -> [AMIMessage] {
        [("PJSIP/201-0000002a", "PJSIP/201"), ("Local/201@agents-0000002a;1", "Local/201@agents")].map {
            channel,
            interface in
            var headers = [AMIHeader("Event", need.event)]
            if let eventClass = need.eventClass { headers.append(AMIHeader("Privilege", "\(eventClass),all")) }
            headers.append(AMIHeader("Timestamp", "1795564211.512953"))
            let fields = EventCatalog.event(named: need.event)?.payload.fields ?? []
            for field in fields where !field.isOptional {
                if field.name == need.header { continue }
                headers.append(AMIHeader(field.name, value(of: field.name, channel: channel, interface: interface)))
            }
            if let header = need.header, let value = need.value { headers.append(AMIHeader(header, value)) }
            return AMIMessage(headers)
        }
    }

    private static func value(of field: String, channel: String, interface: String) -> String {
        switch field {
        case _ where field.hasSuffix("Channel"): channel
        case _ where field.hasSuffix("Uniqueid") || field.hasSuffix("Linkedid"): "1795564211.42"
        case _ where field.hasSuffix("Context"): "from-internal"
        case _ where field.hasSuffix("Exten"): "201"
        case _ where field.hasSuffix("Priority"): "1"
        case _ where field.hasSuffix("ChannelState"): "6"
        case _ where field.hasSuffix("ChannelStateDesc"): "Up"
        case _ where field.hasSuffix("CallerIDNum") || field.hasSuffix("ConnectedLineNum"): "79161234567"
        case "Interface": interface
        case "Queue": "support"
        case "MemberName": "Agent 201"
        case "Variable": "MIXMONITOR_FILENAME"
        case "Value": "/var/spool/asterisk/monitor/1795564211.42.wav"
        default: "1"
        }
    }
}
