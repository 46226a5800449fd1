package dev.vireo.storage.ova;

import dev.vireo.api.ErrorCode;
import dev.vireo.api.VireoException;
import dev.vireo.storage.archive.PlainNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses an OVF 1.x or 2.x descriptor into an {@link OvfDescriptor}. The XML parser is hardened:
 * no DOCTYPE (so no entities of any kind), no external DTDs or schemas, no XInclude. Only what
 * Vireo maps is read; of the virtual system's sections, those not understood are named in
 * warnings unless marked {@code ovf:required="false"}.
 */
final class OvfReader {
    static final long MAX_SIZE = 16L << 20;
    private static final Set<String> ITEMS = Set.of("Item", "StorageItem", "EthernetPortItem");
    /** Standard sections of a VirtualSystem that carry nothing Vireo maps (or are read elsewhere). */
    private static final Set<String> KNOWN_SECTIONS = Set.of("Info", "Name", "AnnotationSection", "ProductSection",
            "EulaSection", "OperatingSystemSection", "VirtualHardwareSection", "InstallSection", "StartupSection",
            "ResourceAllocationSection", "EnvironmentFilesSection", "BootDeviceSection");

    private OvfReader() {}

    /** Reads {@code file}; {@code name} (say "web.ovf") names it in errors. */
    static OvfDescriptor read(Path file, String name) {
        Element envelope = parse(file, name).getDocumentElement();
        String ns = envelope.getNamespaceURI();
        if (!"Envelope".equals(envelope.getLocalName()) || !Ovf.ENVELOPES.contains(ns)) {
            throw VireoException.invalid(name + " is not an OVF descriptor (its root element is {" + ns + "}"
                    + envelope.getLocalName() + ")");
        }
        Element system = virtualSystem(envelope, ns, name);
        Element hardware = children(system, ns, "VirtualHardwareSection").stream().findFirst()
                .orElseThrow(() -> VireoException.invalid(name + " has no VirtualHardwareSection"));
        String configuration = defaultConfiguration(envelope, ns);
        List<OvfDescriptor.Item> items = new ArrayList<>();
        for (Element e : elements(hardware)) {
            if (ITEMS.contains(e.getLocalName()) && applies(e, ns, configuration)) {
                items.add(item(e, ns, name));
            }
        }
        String systemName = children(system, ns, "Name").stream().findFirst().map(e -> e.getTextContent().strip())
                .orElse(null);
        return new OvfDescriptor(name, references(envelope, ns, name), disks(envelope, ns, name), attr(system, ns, "id"),
                systemName, items, boot(system), sectionWarnings(system, ns, name));
    }

    private static Document parse(Path file, String name) {
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw VireoException.invalid(name + " is larger than " + (MAX_SIZE >> 20) + " MiB; not an OVF descriptor");
            }
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(THROW);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity " + systemId + " is not allowed");
            });
            return builder.parse(file.toFile());
        } catch (SAXParseException e) {
            throw VireoException.invalid(name + " is not well-formed XML: " + oneLine(e.getMessage())
                    + " (line " + e.getLineNumber() + ")");
        } catch (SAXException e) {
            throw VireoException.invalid(name + " is not well-formed XML: " + oneLine(e.getMessage()));
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a hardening feature", e);
        } catch (IOException e) {
            throw new VireoException(ErrorCode.INTERNAL, "cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    private static final ErrorHandler THROW = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {}

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private static Element virtualSystem(Element envelope, String ns, String name) {
        List<Element> systems = children(envelope, ns, "VirtualSystem");
        if (systems.isEmpty()) {
            List<Element> collections = children(envelope, ns, "VirtualSystemCollection");
            if (!collections.isEmpty()) {
                throw VireoException.invalid(name + " describes a collection of "
                        + children(collections.getFirst(), ns, "VirtualSystem").size()
                        + " virtual systems; only single-VM appliances can be imported");
            }
            throw VireoException.invalid(name + " has no VirtualSystem");
        }
        if (systems.size() > 1) {
            throw VireoException.invalid(name + " describes " + systems.size() + " virtual systems; expected one");
        }
        return systems.getFirst();
    }

    /** File ovf:id → href. Every href must be a plain name in the package, stored whole and uncompressed. */
    private static Map<String, String> references(Element envelope, String ns, String name) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Element refs : children(envelope, ns, "References")) {
            for (Element file : children(refs, ns, "File")) {
                String id = required(file, ns, "id", name, "File");
                String href = required(file, ns, "href", name, "File '" + id + "'");
                if (!PlainNames.isPlain(href)) {
                    throw VireoException.invalid(name + " references file '" + PlainNames.printable(href)
                            + "'; only plain file names inside the package are supported");
                }
                String compression = attr(file, ns, "compression");
                if (compression != null && !compression.isBlank() && !compression.equals("identity")) {
                    throw VireoException.invalid(name + " stores '" + href + "' " + compression + "-compressed; not supported");
                }
                if (attr(file, ns, "chunkSize") != null) {
                    throw VireoException.invalid(name + " splits '" + href + "' into chunks; not supported");
                }
                if (files.putIfAbsent(id, href) != null) {
                    throw VireoException.invalid(name + " has two File elements with ovf:id '" + id + "'");
                }
            }
        }
        return files;
    }

    private static Map<String, OvfDescriptor.Disk> disks(Element envelope, String ns, String name) {
        Map<String, OvfDescriptor.Disk> disks = new LinkedHashMap<>();
        for (Element section : children(envelope, ns, "DiskSection")) {
            for (Element disk : children(section, ns, "Disk")) {
                String id = required(disk, ns, "diskId", name, "Disk");
                String capacity = required(disk, ns, "capacity", name, "Disk '" + id + "'");
                String units = attr(disk, ns, "capacityAllocationUnits");
                long bytes = bytes(capacity, units == null ? "byte" : units, name, "disk '" + id + "' capacity");
                disks.put(id, new OvfDescriptor.Disk(id, attr(disk, ns, "fileRef"), bytes));
            }
        }
        return disks;
    }

    /** {@code quantity} × {@code units} in bytes; refuses what is not a whole number of known units. */
    static long bytes(String quantity, String units, String name, String what) {
        long n;
        try {
            n = Long.parseLong(quantity.strip());
        } catch (NumberFormatException e) {
            throw VireoException.invalid(name + ": " + what + " is '" + quantity.strip() + "'; expected a number");
        }
        long per = AllocationUnits.bytesPer(units).orElseThrow(() -> VireoException.invalid(name + ": " + what
                + " has unknown allocation units '" + units.strip() + "'"));
        try {
            if (n < 0) {
                throw new ArithmeticException("negative");
            }
            return Math.multiplyExact(n, per);
        } catch (ArithmeticException e) {
            throw VireoException.invalid(name + ": " + what + " of " + n + " × " + units.strip() + " is out of range");
        }
    }

    /** The default of DeploymentOptionSection (marked ovf:default, else the first), or null when there is none. */
    private static String defaultConfiguration(Element envelope, String ns) {
        for (Element section : children(envelope, ns, "DeploymentOptionSection")) {
            List<Element> configs = children(section, ns, "Configuration");
            return configs.stream().filter(c -> "true".equals(attr(c, ns, "default"))).findFirst()
                    .or(() -> configs.stream().findFirst()).map(c -> attr(c, ns, "id")).orElse(null);
        }
        return null;
    }

    /** Items bound to another deployment configuration, or giving a min/max bound, are not the VM's. */
    private static boolean applies(Element item, String ns, String configuration) {
        String bound = attr(item, ns, "bound");
        if (bound != null && !bound.equals("normal")) {
            return false;
        }
        String configs = attr(item, ns, "configuration");
        return configs == null || configuration == null || Arrays.asList(configs.strip().split("\\s+")).contains(configuration);
    }

    private static OvfDescriptor.Item item(Element e, String ns, String name) {
        String instance = field(e, "InstanceID");
        String label = firstNonBlank(field(e, "ElementName"), field(e, "Caption"), field(e, "Description"),
                instance == null ? "?" : "InstanceID " + instance);
        String type = field(e, "ResourceType");
        int resourceType;
        try {
            resourceType = Integer.parseInt(type == null ? "" : type);
        } catch (NumberFormatException ex) {
            throw VireoException.invalid(name + ": item '" + label + "' has ResourceType '"
                    + (type == null ? "" : type) + "'; expected a number");
        }
        return new OvfDescriptor.Item(label, resourceType, field(e, "ResourceSubType"), field(e, "VirtualQuantity"),
                field(e, "AllocationUnits"), field(e, "Address"), field(e, "HostResource"));
    }

    private static OvfDescriptor.Boot boot(Element system) {
        for (Element e : elements(system)) {
            if (Ovf.VIREO.equals(e.getNamespaceURI()) && "BootSection".equals(e.getLocalName())) {
                String kernel = null;
                String initrd = null;
                String cmdline = null;
                for (Element part : elements(e)) {
                    switch (part.getLocalName()) {
                        case "Kernel" -> kernel = part.getAttributeNS(Ovf.VIREO, "fileRef");
                        case "Initrd" -> initrd = part.getAttributeNS(Ovf.VIREO, "fileRef");
                        case "Cmdline" -> cmdline = part.getTextContent();
                        default -> { }
                    }
                }
                return new OvfDescriptor.Boot(blankToNull(kernel), blankToNull(initrd), cmdline);
            }
        }
        return null;
    }

    private static List<String> sectionWarnings(Element system, String ns, String name) {
        List<String> warnings = new ArrayList<>();
        for (Element e : elements(system)) {
            boolean known = ns.equals(e.getNamespaceURI()) && KNOWN_SECTIONS.contains(e.getLocalName())
                    || Ovf.VIREO.equals(e.getNamespaceURI()) && "BootSection".equals(e.getLocalName());
            if (!known && !"false".equals(attr(e, ns, "required"))) {
                warnings.add("section '" + e.getNodeName() + "' of " + name + " not understood; ignored");
            }
        }
        return warnings;
    }

    /** The text of the first child element with this local name, in any namespace (rasd, sasd, epasd). */
    private static String field(Element item, String localName) {
        for (Element e : elements(item)) {
            if (localName.equalsIgnoreCase(e.getLocalName())) { // VirtualBox once wrote "InstanceId"
                return blankToNull(e.getTextContent().strip());
            }
        }
        return null;
    }

    private static String required(Element e, String ns, String attribute, String name, String what) {
        String v = attr(e, ns, attribute);
        if (v == null || v.isBlank()) {
            throw VireoException.invalid(name + ": " + what + " has no ovf:" + attribute);
        }
        return v.strip();
    }

    /** An ovf: attribute; unqualified spellings are accepted as well. */
    static String attr(Element e, String ns, String local) {
        if (e.hasAttributeNS(ns, local)) {
            return e.getAttributeNS(ns, local);
        }
        return e.hasAttribute(local) ? e.getAttribute(local) : null;
    }

    private static List<Element> children(Element parent, String ns, String local) {
        return elements(parent).stream().filter(e -> ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName())).toList();
    }

    private static List<Element> elements(Element parent) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                result.add(e);
            }
        }
        return result;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "?";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }
}
