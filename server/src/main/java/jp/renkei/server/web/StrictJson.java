package jp.renkei.server.web;

import jp.renkei.protocol.NoteValidator;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

/**
 * JSON input is read as strictly as the protocol's schemas: a number is not silently turned into
 * text, {@code 72.5} is not silently stored as pulse 72, and a missing optional field is just absent.
 * Unknown fields are ignored (newer clients may send more). Text with a lone UTF-16 surrogate (a
 * {@code \ud800} escape without its pair) is refused ({@link BadText}): it has no UTF-8 form, so it
 * could not be stored as sent.
 */
@Configuration(proxyBeanMethods = false)
public class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer strictJsonInput() {
        return builder -> builder
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, false)
                .configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addModule(new SimpleModule("renkei-well-formed-text").addDeserializer(String.class, new WellFormedText()));
    }

    /** A JSON string holding a lone UTF-16 surrogate: reported as problem {@code bad_text}. */
    public static final class BadText extends MismatchedInputException {
        BadText(JsonParser p) {
            super(p, "Text with a lone UTF-16 surrogate", String.class);
        }
    }

    /** Jackson's own string reading, then the surrogate check. */
    static final class WellFormedText extends StdScalarDeserializer<String> {
        WellFormedText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String text = StringDeserializer.instance.deserialize(p, ctxt);
            if (text != null && !NoteValidator.isWellFormed(text)) {
                throw new BadText(p);
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public Object getEmptyValue(DeserializationContext ctxt) {
            return "";
        }
    }
}
