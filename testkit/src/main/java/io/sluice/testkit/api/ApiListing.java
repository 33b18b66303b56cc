package io.sluice.testkit.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A text listing of a module's public surface, read from its compiled classes: the module descriptor's
 * {@code requires} and {@code exports}, then every public or protected type of the unqualified exported packages
 * with its public and protected constructors, fields and methods, in a stable order. A module's test compares it
 * with the listing checked in beside the module's pom, so every change to the public API is a visible diff.
 *
 * <p>It also finds <em>leaks</em>: a public signature of an exported type that mentions a type of the same module
 * that users cannot name (a type of a package that is not exported, or a non-public type).
 */
public final class ApiListing {
    /** The system property that turns {@link #check} from comparing into rewriting the listing. */
    public static final String UPDATE_PROPERTY = "sluice.api.update";

    private final ModuleDescriptor descriptor;
    private final Set<String> exported;
    private final Set<String> modulePackages;
    private final List<Class<?>> types;

    private ApiListing(ModuleDescriptor descriptor, Set<String> modulePackages, List<Class<?>> types) {
        this.descriptor = descriptor;
        this.exported = descriptor.exports().stream()
                .filter(e -> !e.isQualified())
                .map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toCollection(TreeSet::new));
        this.modulePackages = modulePackages;
        this.types = types;
    }

    /**
     * Reads the module that {@code anchor} belongs to, from the directory or jar its classes were loaded from,
     * which must hold a {@code module-info.class}.
     */
    public static ApiListing of(Class<?> anchor) {
        Path classes = classesRoot(anchor);
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("no module descriptor in " + classes, e);
        }
        Set<String> packages = new HashSet<>();
        List<String> classNames = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString().replace('\\', '/'))
                    .filter(name -> name.contains("/"))
                    .forEach(name -> {
                        String binary = name.substring(0, name.length() - ".class".length())
                                .replace('/', '.');
                        packages.add(binary.substring(0, binary.lastIndexOf('.')));
                        classNames.add(binary);
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ApiListing partial = new ApiListing(descriptor, packages, List.of());
        List<Class<?>> types = classNames.stream()
                .filter(name -> partial.exported.contains(name.substring(0, name.lastIndexOf('.'))))
                .map(name -> load(name, anchor.getClassLoader()))
                .filter(ApiListing::visible)
                .sorted(Comparator.comparing(Class::getName))
                .collect(Collectors.toList());
        return new ApiListing(descriptor, packages, types);
    }

    /**
     * Compares this listing with {@code listing}, or rewrites the file when the system property {@value
     * #UPDATE_PROPERTY} is {@code true}; then fails if a public signature leaks a type users cannot name.
     *
     * @param updateCommand the command that regenerates the listing, quoted in the failure message
     */
    public void check(Path listing, String updateCommand) {
        String actual = render();
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            write(listing, actual);
        } else {
            String expected = read(listing);
            if (!expected.equals(actual)) {
                throw new AssertionError("public API changed: " + describeDifference(expected, actual)
                        + "\nIf the change is intended, run `" + updateCommand + "` to update " + listing
                        + " and commit it.");
            }
        }
        List<String> leaks = leaks();
        if (!leaks.isEmpty()) {
            throw new AssertionError("public signatures of " + descriptor.name()
                    + " mention types users cannot name:\n  " + String.join("\n  ", leaks));
        }
    }

    /** The listing's text, one line per module directive, type and member, ending with a newline. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("module ").append(descriptor.name()).append('\n');
        descriptor.requires().stream()
                .filter(r -> !r.name().equals("java.base"))
                .map(r -> "  requires " + modifiers(r.modifiers()) + r.name())
                .sorted()
                .forEach(line -> out.append(line).append('\n'));
        descriptor.exports().stream()
                .map(e -> "  exports " + e.source() + (e.isQualified() ? " to " + String.join(", ", e.targets()) : ""))
                .sorted()
                .forEach(line -> out.append(line).append('\n'));
        for (Class<?> type : types) {
            out.append('\n').append(declaration(type)).append('\n');
            for (String member : members(type)) {
                out.append("  ").append(member).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Every public signature of an exported type that mentions a type of this module that users cannot name, as
     * {@code "where: type"}.
     */
    public List<String> leaks() {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : types) {
            List<Type> header = new ArrayList<>(Arrays.asList(type.getGenericInterfaces()));
            if (type.getGenericSuperclass() != null) {
                header.add(type.getGenericSuperclass());
            }
            header.addAll(Arrays.asList(type.getTypeParameters()));
            addLeaks(type.getName(), header, leaks);
            for (Field f : fields(type)) {
                addLeaks(type.getName() + "." + f.getName(), List.of(f.getGenericType()), leaks);
            }
            for (Executable e : executables(type)) {
                List<Type> mentioned = new ArrayList<>(Arrays.asList(e.getGenericParameterTypes()));
                mentioned.addAll(Arrays.asList(e.getGenericExceptionTypes()));
                mentioned.addAll(Arrays.asList(e.getTypeParameters()));
                if (e instanceof Method) {
                    mentioned.add(((Method) e).getGenericReturnType());
                }
                addLeaks(type.getName() + "." + executableText(e), mentioned, leaks);
            }
        }
        return leaks;
    }

    private void addLeaks(String where, List<Type> mentioned, List<String> leaks) {
        Set<Class<?>> raw = new LinkedHashSet<>();
        Set<TypeVariable<?>> seen = new HashSet<>();
        for (Type t : mentioned) {
            collect(t, raw, seen);
        }
        for (Class<?> c : raw) {
            if (!nameable(c)) {
                leaks.add(where + ": " + c.getName());
            }
        }
    }

    /** Whether users of the module can name {@code c}: from another module, or public and exported. */
    private boolean nameable(Class<?> c) {
        if (c.isPrimitive() || !modulePackages.contains(c.getPackageName())) {
            return true;
        }
        return exported.contains(c.getPackageName()) && visible(c);
    }

    private static void collect(Type t, Set<Class<?>> raw, Set<TypeVariable<?>> seen) {
        if (t instanceof Class) {
            Class<?> c = (Class<?>) t;
            while (c.isArray()) {
                c = c.getComponentType();
            }
            raw.add(c);
        } else if (t instanceof ParameterizedType) {
            ParameterizedType p = (ParameterizedType) t;
            collect(p.getRawType(), raw, seen);
            for (Type arg : p.getActualTypeArguments()) {
                collect(arg, raw, seen);
            }
        } else if (t instanceof GenericArrayType) {
            collect(((GenericArrayType) t).getGenericComponentType(), raw, seen);
        } else if (t instanceof WildcardType) {
            WildcardType w = (WildcardType) t;
            Stream.concat(Arrays.stream(w.getUpperBounds()), Arrays.stream(w.getLowerBounds()))
                    .forEach(b -> collect(b, raw, seen));
        } else if (t instanceof TypeVariable && seen.add((TypeVariable<?>) t)) {
            for (Type bound : ((TypeVariable<?>) t).getBounds()) {
                collect(bound, raw, seen);
            }
        }
    }

    private static String declaration(Class<?> type) {
        int mods = type.getModifiers() & Modifier.classModifiers();
        String kind;
        if (type.isAnnotation()) {
            kind = "@interface";
            mods &= ~(Modifier.ABSTRACT | Modifier.INTERFACE);
        } else if (type.isInterface()) {
            kind = "interface";
            mods &= ~Modifier.ABSTRACT;
        } else if (type.isEnum()) {
            kind = "enum";
            mods &= ~(Modifier.FINAL | Modifier.ABSTRACT);
        } else if (type.isRecord()) {
            kind = "record";
            mods &= ~Modifier.FINAL;
        } else {
            kind = "class";
        }
        StringBuilder line = new StringBuilder();
        line.append(Modifier.toString(mods)).append(mods != 0 ? " " : "");
        if (type.isSealed()) {
            line.append("sealed ");
        }
        line.append(kind).append(' ').append(type.getName()).append(typeParameters(type.getTypeParameters()));
        Type superclass = type.getGenericSuperclass();
        if (superclass != null
                && superclass != Object.class
                && !type.isEnum()
                && !type.isRecord()
                && superclass != Enum.class) {
            line.append(" extends ").append(superclass.getTypeName());
        }
        Type[] interfaces = type.getGenericInterfaces();
        if (type.isAnnotation()) {
            interfaces = new Type[0];
        }
        if (interfaces.length > 0) {
            line.append(type.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        if (type.isSealed()) {
            line.append(" permits ")
                    .append(Arrays.stream(type.getPermittedSubclasses())
                            .map(Class::getName)
                            .sorted()
                            .collect(Collectors.joining(", ")));
        }
        return line.toString();
    }

    private static List<String> members(Class<?> type) {
        List<String> lines = new ArrayList<>();
        executables(type).stream()
                .filter(e -> e instanceof Constructor)
                .map(ApiListing::executableLine)
                .sorted()
                .forEach(lines::add);
        fields(type).stream().map(ApiListing::fieldLine).sorted().forEach(lines::add);
        executables(type).stream()
                .filter(e -> e instanceof Method)
                .sorted(Comparator.comparing(Executable::getName).thenComparing(ApiListing::executableLine))
                .map(ApiListing::executableLine)
                .forEach(lines::add);
        return lines;
    }

    /**
     * The public and protected fields users see on {@code type}: its own, and those of superclasses they cannot
     * name (a public member of a package-private superclass is reachable through the public subclass).
     */
    private static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c : ownAndHiddenSupers(type)) {
            for (Field f : c.getDeclaredFields()) {
                if (!f.isSynthetic() && exposed(f.getModifiers(), type)) {
                    fields.add(f);
                }
            }
        }
        return fields;
    }

    private static List<Executable> executables(Class<?> type) {
        List<Executable> all = new ArrayList<>();
        for (Constructor<?> c : type.getDeclaredConstructors()) {
            if (!c.isSynthetic() && exposed(c.getModifiers(), type)) {
                all.add(c);
            }
        }
        for (Class<?> c : ownAndHiddenSupers(type)) {
            for (Method m : c.getDeclaredMethods()) {
                if (!m.isSynthetic() && !m.isBridge() && exposed(m.getModifiers(), type)) {
                    all.add(m);
                }
            }
        }
        return all;
    }

    private static List<Class<?>> ownAndHiddenSupers(Class<?> type) {
        List<Class<?>> chain = new ArrayList<>();
        chain.add(type);
        for (Class<?> s = type.getSuperclass();
                s != null && !Modifier.isPublic(s.getModifiers());
                s = s.getSuperclass()) {
            chain.add(s);
        }
        return chain;
    }

    /** Public members, and protected ones of a type users can extend. */
    private static boolean exposed(int modifiers, Class<?> type) {
        return Modifier.isPublic(modifiers)
                || (Modifier.isProtected(modifiers) && !Modifier.isFinal(type.getModifiers()) && !type.isEnum());
    }

    private static String fieldLine(Field f) {
        String line = Modifier.toString(f.getModifiers() & Modifier.fieldModifiers()) + " "
                + f.getGenericType().getTypeName() + " " + f.getName();
        int constant = Modifier.STATIC | Modifier.FINAL;
        if ((f.getModifiers() & constant) == constant && (f.getType().isPrimitive() || f.getType() == String.class)) {
            try {
                Object value = f.get(null);
                line += " = " + (value instanceof String ? "\"" + value + "\"" : value);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read constant " + f, e);
            }
        }
        return line;
    }

    private static String executableLine(Executable e) {
        int mods =
                e.getModifiers() & (e instanceof Method ? Modifier.methodModifiers() : Modifier.constructorModifiers());
        if (e.getDeclaringClass().isInterface()) {
            // every interface member is public; abstract is the default for a method without a body
            mods &= ~(Modifier.PUBLIC | Modifier.ABSTRACT);
        }
        StringBuilder line = new StringBuilder(Modifier.toString(mods));
        if (e instanceof Method && ((Method) e).isDefault()) {
            line.append(line.length() > 0 ? " " : "").append("default");
        }
        if (line.length() > 0) {
            line.append(' ');
        }
        String typeParameters = typeParameters(e.getTypeParameters());
        if (!typeParameters.isEmpty()) {
            line.append(typeParameters).append(' ');
        }
        if (e instanceof Method) {
            line.append(((Method) e).getGenericReturnType().getTypeName()).append(' ');
        }
        line.append(executableText(e));
        Type[] exceptions = e.getGenericExceptionTypes();
        if (exceptions.length > 0) {
            line.append(" throws ")
                    .append(Arrays.stream(exceptions).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        return line.toString();
    }

    /** The name and parameter types, the same for a member wherever it is declared. */
    private static String executableText(Executable e) {
        String name = e instanceof Constructor ? "<init>" : e.getName();
        Type[] params = e.getGenericParameterTypes();
        if (e instanceof Constructor && params.length != e.getParameterCount()) {
            // an inner class's or enum's constructor may lack generic information for its implicit parameters
            params = e.getParameterTypes();
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < params.length; i++) {
            String typeName = params[i].getTypeName();
            if (e.isVarArgs() && i == params.length - 1 && typeName.endsWith("[]")) {
                typeName = typeName.substring(0, typeName.length() - 2) + "...";
            }
            names.add(typeName);
        }
        return name + "(" + String.join(", ", names) + ")";
    }

    private static String typeParameters(TypeVariable<?>[] variables) {
        if (variables.length == 0) {
            return "";
        }
        return Arrays.stream(variables)
                .map(v -> {
                    List<String> bounds = Arrays.stream(v.getBounds())
                            .filter(b -> b != Object.class)
                            .map(Type::getTypeName)
                            .collect(Collectors.toList());
                    return bounds.isEmpty() ? v.getName() : v.getName() + " extends " + String.join(" & ", bounds);
                })
                .collect(Collectors.joining(", ", "<", ">"));
    }

    private static String modifiers(Set<ModuleDescriptor.Requires.Modifier> modifiers) {
        return modifiers.stream()
                .filter(m -> m == ModuleDescriptor.Requires.Modifier.STATIC
                        || m == ModuleDescriptor.Requires.Modifier.TRANSITIVE)
                .map(m -> m.name().toLowerCase(java.util.Locale.ROOT) + " ")
                .sorted()
                .collect(Collectors.joining());
    }

    /** Public, and (for a nested type) public or protected inside types that are themselves visible. */
    private static boolean visible(Class<?> type) {
        if (type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
            return false;
        }
        Class<?> outer = type.getDeclaringClass();
        if (outer == null) {
            return Modifier.isPublic(type.getModifiers());
        }
        return visible(outer) && exposed(type.getModifiers(), outer);
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("cannot load " + name, e);
        }
    }

    private static Path classesRoot(Class<?> anchor) {
        try {
            Path root = Path.of(
                    anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(root)) {
                throw new IllegalStateException("the API listing reads a classes directory, not the jar " + root);
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describeDifference(String expected, String actual) {
        List<String> before = expected.lines().collect(Collectors.toList());
        List<String> after = actual.lines().collect(Collectors.toList());
        Set<String> beforeSet = new HashSet<>(before);
        Set<String> afterSet = new HashSet<>(after);
        List<String> lines = new ArrayList<>();
        before.stream().filter(l -> !afterSet.contains(l)).map(l -> "- " + l).forEach(lines::add);
        after.stream().filter(l -> !beforeSet.contains(l)).map(l -> "+ " + l).forEach(lines::add);
        if (lines.isEmpty()) {
            lines.add("(the same lines in another order)");
        }
        int shown = Math.min(lines.size(), 40);
        String more = lines.size() > shown ? "\n  ... and " + (lines.size() - shown) + " more lines" : "";
        return lines.size() + " lines differ\n  " + String.join("\n  ", lines.subList(0, shown)) + more;
    }

    private static String read(Path listing) {
        try {
            return Files.readString(listing, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("no API listing at " + listing.toAbsolutePath() + ": " + e, e);
        }
    }

    private static void write(Path listing, String text) {
        try {
            if (listing.toAbsolutePath().getParent() != null) {
                Files.createDirectories(listing.toAbsolutePath().getParent());
            }
            Files.writeString(listing, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
